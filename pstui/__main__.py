import sys

if sys.argv[1:2] == ["merge-driver"]:
    # git runs the driver for every merge of the store: skip the CLI's imports.
    from pstui.merge_driver import main as merge_driver

    raise SystemExit(merge_driver(sys.argv[2:]))

from pstui.cli import main  # noqa: E402

raise SystemExit(main())
