"""Tools for developers, outside the pipeline: the synthetic county for benchmarks and tests.

Takes a size and a seed; hands on a repository of valid files on disk. Nothing in the
pipeline imports it (a test keeps it so). :mod:`.synthetic` is the public face
(``generate``, ``main``, ``python -m ysxt_build.devtools.synthetic``); :mod:`.county` holds
the generator's parts, one job a module.
"""
