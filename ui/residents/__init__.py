"""The registry's screens: the residents tab and a resident's record."""
