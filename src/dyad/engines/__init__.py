"""Where coding runs: in this process or a local process pool (:mod:`.local`), or on Dask
(:mod:`.dask`); :mod:`.run` reads inputs, picks the engine and counts the run.

Engines call the pipeline's pure batch function and hand back records in input order; they
never print (the command line draws the progress bar) and never write to the store.
"""
