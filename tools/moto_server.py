"""Runs moto's HTTP server for the sfn-tasks test suite.

Usage: .tools/venv/bin/python tools/moto_server.py PORT [MAX_SECONDS]

Differs from the plain `moto_server` command in three ways the tests rely on:

* It switches on moto's Step Functions interpreter and its Docker-free Lambda
  backend before serving. Without `stepfunctions.execute_state_machine`
  executions stay RUNNING forever; without `lambda.use_docker: false` every
  invoke fails for want of a Docker engine. Both are user config, not
  environment variables, so they are set here in-process.
* It exits as soon as its standard input reaches end of file. The test process
  holds the write end of that pipe, so the server dies with the test binary
  however that ends (normal exit, panic, or a kill), even when the handle sits
  in a static that is never dropped.
* It exits after MAX_SECONDS (default 900) whatever happens, as a last bound.
"""

import os
import sys
import threading


def _exit_on_stdin_eof() -> None:
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main() -> None:
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: moto_server.py PORT [MAX_SECONDS]")
    port = int(sys.argv[1])
    max_seconds = float(sys.argv[2]) if len(sys.argv) == 3 else 900.0

    threading.Thread(target=_exit_on_stdin_eof, daemon=True).start()
    timer = threading.Timer(max_seconds, lambda: os._exit(3))
    timer.daemon = True
    timer.start()

    # The interpreter calls the other mocked services at localhost:$MOTO_PORT;
    # it must be this server's port.
    os.environ["MOTO_PORT"] = str(port)

    from moto.core.config import default_user_config
    from moto.server import main as serve

    default_user_config["stepfunctions"] = {"execute_state_machine": True}
    default_user_config["lambda"] = {"use_docker": False}

    serve(["-H", "127.0.0.1", "-p", str(port)])


if __name__ == "__main__":
    main()
