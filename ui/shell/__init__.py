"""The window's shell: the application, the main window, login, idle lock, the safety menu, start-up, backups, restore, accounts, settings, the audit viewer."""
