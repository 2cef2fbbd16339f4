"""The main ``samverkan --help`` as click renders it at 80 columns (``entry`` prints it
without importing click).

Generated from the click CLI by ``python tests/test_startup.py --write-help``;
tests/test_startup.py fails when it differs from click's own rendering.
"""

MAIN_HELP = (
    'Usage: samverkan [OPTIONS] COMMAND [ARGS]...\n'
    '\n'
    '  samverkan: a knowledge graph of Swedish municipal safety actors.\n'
    '\n'
    '  Who holds which safety post in which kommun, who cooperates with whom, which\n'
    '  agreements, plans, crisis groups and events exist, and which article each\n'
    '  claim rests on.\n'
    '\n'
    'Options:\n'
    '  --version              Show the version and exit.\n'
    '  --data-dir DIR         Add your own TriG/Turtle files from DIR to the\n'
    '                         shipped graph (repeatable; env SAMVERKAN_DATA_DIR).\n'
    '  --cache-dir DIRECTORY  Where the compiled store is kept (default: the per-\n'
    '                         user cache folder; env SAMVERKAN_CACHE_DIR).\n'
    '  --debug                Show the traceback of an error.\n'
    '  -h, --help             Show this message and exit.\n'
    '\n'
    'Commands:\n'
    '  add        Draft a source file for ARTICLE (its candidates marked...\n'
    '  build      Compile the sources into the embedded store (only when they...\n'
    '  cache      The compiled store in the cache folder: where it is, its...\n'
    '  export     Export the whole dataset; TriG, N-Quads and JSON-LD keep...\n'
    '  extract    Propose candidate claims (posts, organisations, agreements,...\n'
    '  link       Check links to open government data against a SPARQL endpoint.\n'
    '  load       Put every named graph into a triple store, replacing each...\n'
    '  queries    List the saved queries with their summary, parameters and tags.\n'
    "  query      Run the saved query NAME (see 'samverkan queries').\n"
    '  reference  The reference layer: kommuner, län, authorities and police...\n'
    "  review     Review DRAFT's candidates one by one, then write and...\n"
    '  serve      Serve the SPARQL endpoint, the saved-query API, linked data...\n'
    '  site       Write the pages and per-entity Turtle/JSON-LD files as a...\n'
    '  sparql     Run an ad hoc read-only SPARQL query (QUERY or -f FILE) over...\n'
    '  stats      Counts by graph, by class and by source article.\n'
    '  validate   Check the graph (plus --data files and --data-dir) against...\n'
)
