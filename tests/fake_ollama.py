"""A stand-in for the Ollama HTTP API on 127.0.0.1, enough for LiteLLM's ``ollama_chat/`` provider.

Serves /api/chat (plain JSON, or NDJSON when ``stream`` is true), /api/generate, /api/embed,
/api/show, /api/tags and /api/version.  Every request is recorded (path and JSON body) so a
test can prove what did, or did not, reach the model.  The answer is DEFAULT_ANSWER unless the
last user message contains a key of ``answers``; streamed answers arrive in small pieces so a
value is split across chunks.
"""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_ANSWER = "Hello from the fake model."
MODEL = "llama3.2:3b"


class FakeOllama:
    def __init__(self, answers: dict | None = None, piece: int = 3):
        self.answers = dict(answers or {})
        self.piece = piece
        self._lock = threading.Lock()
        self._requests: list = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-ollama", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeOllama":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def requests(self, path: str | None = None) -> list:
        with self._lock:
            return [r for r in self._requests if path is None or r["path"] == path]

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()

    def _record(self, method: str, path: str, body) -> None:
        with self._lock:
            self._requests.append({"method": method, "path": path, "body": body})

    def answer_for(self, messages) -> str:
        users = [m for m in messages or [] if isinstance(m, dict) and m.get("role") == "user"]
        last = json.dumps(users[-1].get("content")) if users else ""
        for marker, answer in self.answers.items():
            if marker in last:
                return answer
        return DEFAULT_ANSWER

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output quiet
                pass

            def _body(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    return json.loads(raw) if raw else {}
                except ValueError:
                    return {"_raw": raw.decode("utf-8", "replace")}

            def _json(self, payload, status=200):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                fake._record("GET", self.path, None)
                if self.path == "/api/tags":
                    self._json({"models": [{"name": MODEL, "model": MODEL, "size": 2019393189,
                                            "details": {"family": "llama", "parameter_size": "3.2B"}}]})
                elif self.path == "/api/version":
                    self._json({"version": "0.13.0"})
                else:
                    self._json({"error": "not found"}, 404)

            def do_POST(self):
                body = self._body()
                fake._record("POST", self.path, body)
                if self.path == "/api/chat":
                    self._chat(body)
                elif self.path == "/api/generate":
                    answer = fake.answer_for([{"role": "user", "content": body.get("prompt", "")}])
                    self._json({"model": body.get("model", MODEL), "created_at": _now(), "response": answer,
                                "done": True, "done_reason": "stop", "prompt_eval_count": 5, "eval_count": 5})
                elif self.path in ("/api/embed", "/api/embeddings"):
                    inputs = body.get("input") or body.get("prompt") or [""]
                    count = len(inputs) if isinstance(inputs, list) else 1
                    self._json({"model": body.get("model", MODEL), "embeddings": [[0.1, 0.2, 0.3]] * count,
                                "prompt_eval_count": 3})
                elif self.path == "/api/show":
                    self._json({"modelfile": "", "parameters": "", "template": "{{ .Prompt }}",
                                "details": {"family": "llama", "parameter_size": "3.2B"},
                                "model_info": {"llama.context_length": 131072},
                                "capabilities": ["completion", "tools"]})
                else:
                    self._json({"error": "not found"}, 404)

            def _chat(self, body):
                model = body.get("model", MODEL)
                answer = fake.answer_for(body.get("messages"))
                usage = {"prompt_eval_count": 11, "eval_count": 7}
                if not body.get("stream"):
                    self._json({"model": model, "created_at": _now(),
                                "message": {"role": "assistant", "content": answer},
                                "done": True, "done_reason": "stop", **usage})
                    return
                lines = [{"model": model, "created_at": _now(),
                          "message": {"role": "assistant", "content": answer[i:i + fake.piece]}, "done": False}
                         for i in range(0, len(answer), fake.piece)]
                lines.append({"model": model, "created_at": _now(), "message": {"role": "assistant", "content": ""},
                              "done": True, "done_reason": "stop", **usage})
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for line in lines:
                    data = (json.dumps(line) + "\n").encode()
                    self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                    self.wfile.flush()
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()

        return Handler


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
