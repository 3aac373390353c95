"""A generic record-linkage baseline: the ``recordlinkage`` package's ECM
classifier (unsupervised Fellegi-Sunter, fitted by expectation-
maximisation) on the fields the addon compares on FEBRL.

Comparisons, as issue 24 names them: Jaro-Winkler (agreeing from 0.85) on
the given name, the surname, the street and the suburb; exact house
number, postcode and state. Candidate pairs: every pair (full index) up to
2,000 records; above, the union of blocks on the postcode and of sorted
neighbourhoods (window 9) on the surname, the given name and the street,
which keeps the job to a few hundred thousand pairs (FEBRL 2). A
development tool of ``bench/`` only.
"""

FULL_INDEX_UP_TO = 2000
WINDOW = 9


def frame(records):
    """A pandas DataFrame of ``{id: {field: text}}`` (FEBRL's fields), empty
    values as missing ones."""
    import numpy
    import pandas

    data = pandas.DataFrame.from_dict(records, orient="index")
    return data.replace("", numpy.nan)


def candidate_pairs(data):
    """The pairs the baseline compares (see the module's docstring)."""
    import recordlinkage

    indexer = recordlinkage.Index()
    if len(data) <= FULL_INDEX_UP_TO:
        indexer.full()
    else:
        indexer.block("postcode")
        for column in ("surname", "given_name", "address_1"):
            indexer.sortedneighbourhood(column, window=WINDOW)
    return indexer.index(data)


def features(data, pairs):
    """Binary agreement of each compared field, per pair."""
    import recordlinkage

    compare = recordlinkage.Compare()
    for column in ("given_name", "surname", "address_1", "suburb"):
        compare.string(
            column, column, method="jarowinkler", threshold=0.85, label=column
        )
    for column in ("street_number", "postcode", "state"):
        compare.exact(column, column, label=column)
    return compare.compute(pairs, data)


def ecm_pairs(records):
    """The pairs of ``{id: {field: text}}`` the ECM classifier calls
    matches, as frozensets of ids."""
    import recordlinkage

    data = frame(records)
    compared = features(data, candidate_pairs(data))
    matches = recordlinkage.ECMClassifier().fit_predict(compared)
    return {frozenset(pair) for pair in matches}
