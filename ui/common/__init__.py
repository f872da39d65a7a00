"""What every job's screens share: forms, dialogs, the worker and background refresh, the lazy list model, quick find, style, list export, the import dialog."""
