# The render benchmark against AWS CDK (scripts/compare_render_with_cdk.py; not part of `make test`):
#   make compare-render   install tools/cdk-compare's pinned aws-cdk-lib and constructs (npm ci, integrity-checked
#                         against its package-lock.json), then time build.py and the CDK app side by side
CDK_COMPARE := tools/cdk-compare

.PHONY: compare-render

$(CDK_COMPARE)/node_modules/.installed: $(CDK_COMPARE)/package.json $(CDK_COMPARE)/package-lock.json
	cd $(CDK_COMPARE) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

compare-render: $(VENV)/.installed $(CDK_COMPARE)/node_modules/.installed
	$(PY) scripts/compare_render_with_cdk.py
