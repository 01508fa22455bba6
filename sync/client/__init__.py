"""The client side: enrollment, and the connection that keeps a local replica in sync."""
