import sys

from nncourse.cli import main

sys.exit(main())
