"""Cloud model providers reached with an API key: one entry each.

An entry is everything the service stack needs for that provider: the switch parameter (and its console
label), the condition it sets, the LiteLLM model_list entry that exposes `<prefix>/*`, and the API key,
which `deploy-stack secret set <key name>` stores beside the generated secrets and the task reads as
`<variable>` (the execution role may read exactly those parameters). The local model (Ollama) and Bedrock
(the task role, no key) are not keyed providers and stay in the service stack.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Provider:
    condition: str       # condition name in the service template
    parameter: str       # "true"/"false" switch
    label: str           # console label of the switch
    prefix: str          # LiteLLM provider prefix: clients call <prefix>/<model>
    key_variable: str    # environment variable LiteLLM reads the key from
    key_name: str        # SSM parameter name under the environment's secrets prefix

    @property
    def description(self) -> str:
        return f"Expose {self.prefix}/* models; needs `deploy-stack secret set {self.key_name}` first"

    def model_entry(self) -> dict:
        return {"model_name": f"{self.prefix}/*",
                "litellm_params": {"model": f"{self.prefix}/*", "api_key": f"os.environ/{self.key_variable}"}}


KEYED = [
    Provider("OpenAi", "EnableOpenAi", "OpenAI models", "openai", "OPENAI_API_KEY", "openai-api-key"),
    Provider("Anthropic", "EnableAnthropic", "Anthropic models", "anthropic", "ANTHROPIC_API_KEY", "anthropic-api-key"),
]
