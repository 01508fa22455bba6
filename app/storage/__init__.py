"""Durable state in SQLite: the room server's logs and answers, a client's replica and outbox."""
