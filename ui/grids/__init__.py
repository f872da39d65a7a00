"""The Grids tab (网格): places, grids, households, visits — and the mediation page (:mod:`ui.grids.mediation`)."""
