import multiprocessing

from phonghop.cli import main

# The room server checks sealed ballots' proofs in spawned processes (sync/server/sealed_checks.py),
# and `phonghop rehearse` runs its seats in them: a frozen bundle must start them as workers.
multiprocessing.freeze_support()
raise SystemExit(main())
