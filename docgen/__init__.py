"""Documents generated from the rendered templates (build.py calls them; they import no stack):
docs/architecture.md (diagram) and the deployer IAM policy docs/deployer-policy*.json (deployer_policy)."""
