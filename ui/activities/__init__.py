"""Activities' screens: the tab, the booking and bookings, the sign-up desk, the editor, rooms, statistics."""
