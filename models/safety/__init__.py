"""Safety of what the centre holds: roles, accounts, the audit trail, backups, the start-up and health checks, the rule for personal files."""
