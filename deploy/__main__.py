"""python -m deploy ... == deploy-stack ..."""
import sys

from deploy.cli import main

sys.exit(main())
