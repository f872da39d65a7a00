"""The meals desk: the tab and its dialogs (menu, policy, reconciliation, delivery)."""
