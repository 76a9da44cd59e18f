"""Models built offline from registry packages (never downloaded from a model hub)."""
