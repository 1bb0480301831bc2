from pstui.cli import main

raise SystemExit(main())
