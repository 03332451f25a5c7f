"""`kpi` and `python -m kpi_cli`: the cyclic garbage collector off, numpy's OpenBLAS at one
thread, then the command line.

A run builds what it needs and exits, and reference counting frees what it drops; the
collector would only rescan the objects the imports make (numpy's, Arrow's, rich's, kpi's):
36 M instructions of a small export's run, a twentieth of a DuckDB script's whole query
(issue 21's start-up). So it is off before anything is imported, not only once kpi_cli.cli
has been (kpi_cli.cli.main turns it off too, for a caller that starts there)."""


def main() -> None:
    import gc
    import os

    gc.disable()
    # numpy's OpenBLAS starts a thread per core at import, and they spin waiting for work
    # kpi never gives them (it multiplies no matrices): 57 ms of CPU taken from a small
    # run's main thread on two cores, 4 % of its time. A user's own setting is kept.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import sys

    from kpi_cli.lazy import own_process

    own_process()
    from kpi_cli.head_start import begin

    try:
        begin(sys.argv[1:])  # `kpi score FILE`: parsing starts before typer is imported
    except KeyboardInterrupt:  # before kpi's own handler is set
        if sys.stderr is not None:
            sys.stderr.write("kpi: interrupted\n")
        os._exit(130)
    from kpi_cli.cli import main as run

    run()


if __name__ == "__main__":
    main()
