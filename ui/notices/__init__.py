"""The notice composer tab and printing."""
