"""The sub-district's window (issue 19): its centres side by side, read-only."""
