"""Workshop cases, slides and summaries of the groups' answers."""
