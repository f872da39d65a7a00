"""The Grids tab (网格): places, grids, the care list and visits (and, beside them, mediation)."""
