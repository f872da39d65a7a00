"""The Party roster's screens: the tab, members, status, dues bands."""
