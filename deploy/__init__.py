"""deploy-stack: deploy the LLM gateway's parent stack (and its nested stacks) from params/<env>.json.

Modules, in the order a deployment uses them:
    cli        argparse, commands, exit codes (0 ok, 1 failed, 2 bad input, 3 diff has changes, 130 Ctrl-C)
    project    paths of the working tree, dist/ freshness (build.py --check), git commit
    params     load params/<env>.json, apply overrides, validate against dist/parent.yaml
    aws        make_session(profile, region): the one seam tests replace
    artifacts  the artifact bucket and the content-hashed upload of dist/
    stacks     stack lookups, states, outputs, nested stacks
    changeset  create, wait, describe across nested stacks, the data-loss guard
    events     live progress of the parent and nested stacks, root cause of a failure
    flow       deploy and diff;  inspect: outputs and status;  secret: secret get/set;  destroy
"""
