"""The room server: the single authority for every meeting's event log."""
