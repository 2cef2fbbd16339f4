"""samverkan serve and samverkan site: SPARQL endpoint, linked data and pages over the store."""
