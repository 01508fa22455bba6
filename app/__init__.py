"""PhòngHọp domain: the meeting as data, its rules and its storage (no Qt, no sockets)."""
