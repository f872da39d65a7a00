"""Day care's screens: the board and check-in tab, enrolment, the paper sheet."""
