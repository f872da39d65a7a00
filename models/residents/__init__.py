"""The resident registry: the entity, registration and search, ID numbers, names and phones."""
