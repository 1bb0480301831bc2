"""pstui: run client engagements from a terminal kanban whose store is one git-synced JSON file."""

__version__ = "0.1.0"
