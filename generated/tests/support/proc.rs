//! Running a tool as a child process with a deadline. Every child gets its own
//! process group so that a timeout kills whatever it started as well.

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// What a finished child printed.
#[derive(Debug)]
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

/// Kills the whole process group led by `child` (it was spawned as a group
/// leader), then reaps it.
pub fn kill_group(child: &mut Child) {
    if let Some(pid) = rustix::process::Pid::from_raw(child.id() as i32) {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Spawns `command` in a new process group.
pub fn spawn_group(command: &mut Command) -> std::io::Result<Child> {
    command.process_group(0).spawn()
}

/// Runs `command` to completion, feeding `stdin`, and gives up after `timeout`
/// (the group is killed and an error returned). Never hangs.
pub fn run(mut command: Command, stdin: &[u8], timeout: Duration) -> Result<Finished, String> {
    let shown = format!("{command:?}");
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = spawn_group(&mut command).map_err(|e| format!("cannot start {shown}: {e}"))?;

    // Readers and the writer run on their own threads so that a child filling
    // one pipe while we wait on another cannot deadlock.
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out_reader = thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_reader = thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let mut input = child.stdin.take().expect("piped");
    let payload = stdin.to_vec();
    let writer = thread::spawn(move || {
        let _ = input.write_all(&payload);
    });

    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > timeout => {
                kill_group(&mut child);
                return Err(format!(
                    "{shown} did not finish within {timeout:?} and was killed"
                ));
            }
            Ok(None) => thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                kill_group(&mut child);
                return Err(format!("waiting for {shown}: {e}"));
            }
        }
    };
    // A grandchild left behind would keep the pipes open and block the readers.
    if let Some(pid) = rustix::process::Pid::from_raw(child.id() as i32) {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
    let _ = writer.join();
    Ok(Finished {
        status,
        stdout: out_reader.join().unwrap_or_default(),
        stderr: err_reader.join().unwrap_or_default(),
        elapsed: started.elapsed(),
    })
}
