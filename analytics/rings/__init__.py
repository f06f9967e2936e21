"""Friends-and-family rings: identity links, groups, behaviour inside the group, score."""
