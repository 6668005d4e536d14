import sys

from deploy.cost.command import main

sys.exit(main())
