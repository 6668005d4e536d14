"""A stand-in for the Ollama HTTP API on 127.0.0.1, enough for LiteLLM's ``ollama_chat/`` provider.

Serves /api/chat (plain JSON, or NDJSON when ``stream`` is true), /api/generate, /api/embed,
/api/show, /api/tags and /api/version.  Every request is recorded (path, JSON body and headers) so a
test can prove what did, or did not, reach the model.  The answer is DEFAULT_ANSWER unless the
last user message contains a key of ``answers`` (or of ``add_answer``).  An answer is a string
(the content) or a dict with ``content``, ``thinking`` (streamed before the content, as Ollama
streams a reasoning model) and ``tool_calls``.  Streamed answers arrive in ``piece``-character
pieces so a value is split across chunks, or, with ``tokens_per_second``, word by word (the way a
model streams tokens) at that rate; ``sent`` records when each streamed piece left.
An answer may also fail the way an upstream does: ``error`` ({"status": 500, "body": str or dict})
answers that status and body instead (streamed or not); ``error_line`` (a dict or a string) is the
last NDJSON line of a stream after its pieces, in place of the final one (Ollama reports an error
in the middle of a stream as a ``{"error": ...}`` line); ``model`` replaces the reply's model name,
``extra`` (a dict) is merged into the final reply (``done_reason``, unknown fields) and ``message_extra``
into every message, ``headers`` are sent with the reply.
"""
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_ANSWER = "Hello from the fake model."
MODEL = "llama3.2:3b"


class FakeOllama:
    def __init__(self, answers: dict | None = None, piece: int = 3, tokens_per_second: float | None = None):
        self.answers = dict(answers or {})
        self.piece = piece
        self.tokens_per_second = tokens_per_second
        self.sent: list = []  # (monotonic time, piece) of the last streamed answer
        self._lock = threading.Lock()
        self._requests: list = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-ollama", daemon=True)

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

    def _record(self, method: str, path: str, body, headers=None) -> None:
        with self._lock:
            self._requests.append({"method": method, "path": path, "body": body, "headers": dict(headers or {})})

    def add_answer(self, marker: str, answer) -> None:
        with self._lock:
            self.answers[marker] = answer

    def pieces(self, text: str) -> list:
        if self.tokens_per_second:
            return re.findall(r"\s*\S+|\s+", text)
        return [text[i:i + self.piece] for i in range(0, len(text), self.piece)]

    def answer_for(self, messages):
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
            # TCP_NODELAY, as Ollama's Go server has by default: without it the body, written after the headers
            # on a kept-alive connection, waits for the client's delayed ACK (about 40 ms per answer).
            disable_nagle_algorithm = True

            def log_message(self, *args):  # keep test output quiet
                pass

            def _body(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    return json.loads(raw) if raw else {}
                except ValueError:
                    return {"_raw": raw.decode("utf-8", "replace")}

            def _json(self, payload, status=200, headers=None):
                text = isinstance(payload, str)
                data = payload.encode() if text else json.dumps(payload).encode()
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "text/plain" if text else "application/json")
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
                fake._record("POST", self.path, body, self.headers)
                if self.path == "/api/chat":
                    self._chat(body)
                elif self.path == "/api/generate":
                    answer = fake.answer_for([{"role": "user", "content": body.get("prompt", "")}])
                    if isinstance(answer, dict) and answer.get("error"):
                        return self._json(answer["error"]["body"], answer["error"]["status"])
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
                answer = fake.answer_for(body.get("messages"))
                answer = answer if isinstance(answer, dict) else {"content": answer}
                model = answer.get("model") or body.get("model", MODEL)
                if answer.get("error"):
                    self._json(answer["error"]["body"], answer["error"]["status"], answer.get("headers"))
                    return
                usage = {"prompt_eval_count": 11, "eval_count": 7, **answer.get("extra", {})}
                if not body.get("stream"):
                    message = {"role": "assistant", "content": answer.get("content", ""), **answer.get("message_extra", {})}
                    if answer.get("thinking"):
                        message["thinking"] = answer["thinking"]
                    if answer.get("tool_calls"):
                        message["tool_calls"] = answer["tool_calls"]
                    self._json({"model": model, "created_at": _now(), "message": message,
                                "done": True, "done_reason": "stop", **usage}, headers=answer.get("headers"))
                    return
                lines = [{"model": model, "created_at": _now(), "done": False,
                          "message": {"role": "assistant", "content": "", "thinking": piece}}
                         for piece in fake.pieces(answer.get("thinking") or "")]
                lines += [{"model": model, "created_at": _now(), "done": False,
                           "message": {"role": "assistant", "content": piece, **answer.get("message_extra", {})}}
                          for piece in fake.pieces(answer.get("content") or "")]
                if answer.get("tool_calls"):
                    lines.append({"model": model, "created_at": _now(), "done": False,
                                  "message": {"role": "assistant", "content": "", "tool_calls": answer["tool_calls"]}})
                lines.append(answer["error_line"] if answer.get("error_line") else
                             {"model": model, "created_at": _now(), "message": {"role": "assistant", "content": ""},
                              "done": True, "done_reason": "stop", **usage})
                self.send_response(200)
                for name, value in (answer.get("headers") or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/x-ndjson")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                sent = []
                for line in lines:
                    if fake.tokens_per_second and isinstance(line, dict) and not line.get("done"):
                        time.sleep(1 / fake.tokens_per_second)
                    data = ((line if isinstance(line, str) else json.dumps(line)) + "\n").encode()
                    self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                    self.wfile.flush()
                    message = line.get("message", {}) if isinstance(line, dict) else {}
                    sent.append((time.monotonic(), message.get("content") or message.get("thinking") or ""))
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
                fake.sent = sent

        return Handler


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
