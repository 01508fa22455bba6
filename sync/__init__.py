"""Synchronisation: the sans-IO protocol and the aiohttp server and client around it."""
