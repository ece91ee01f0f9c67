//! A TCP proxy between a client and the test cluster ([`Proxy`]), which can lose the
//! acknowledgement of a push: it reads the PostgreSQL wire protocol in both directions
//! (message by message; it forwards every byte unchanged), and in the mode
//! [`Proxy::lose_push_acks`], once the server has answered a committed `push(…)` with
//! ReadyForQuery, it drops that answer and closes both sides. The server has committed;
//! the client sees a connection that broke before the answer — a lost acknowledgement.
//!
//! "Committed" is read from the protocol: the client ran a statement whose text contains
//! `push(` (a simple Query, or an extended-protocol Bind of a statement Parsed with such a
//! text), the server answered CommandComplete without an ErrorResponse, and then
//! ReadyForQuery with the status `I` (idle: no transaction open, so the push's implicit or
//! explicit transaction has committed). A push inside `BEGIN … COMMIT` is cut at the
//! COMMIT's answer. Everything the server sends from that statement on is held back until
//! its ReadyForQuery, so the client sees neither the rows nor the CommandComplete.
//!
//! Plain connections only (`sslmode=disable`): when a client asks for TLS and the server
//! agrees, the proxy forwards the session without reading it (no ack is lost).

use std::collections::HashSet;
use std::io::{BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// A proxy on a free port of 127.0.0.1 to a server port there; stopped (every connection
/// closed) on drop.
pub struct Proxy {
    pub port: u16,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

struct Shared {
    target: SocketAddr,
    lose_acks: AtomicBool,
    lost: AtomicUsize,
    down: AtomicBool,
    stop: AtomicBool,
    /// Both sockets of every connection, to close them all on drop.
    sockets: Mutex<Vec<TcpStream>>,
}

impl Proxy {
    /// A proxy to `127.0.0.1:server_port`, forwarding everything.
    pub fn start(server_port: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port for the proxy");
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared {
            target: SocketAddr::from(([127, 0, 0, 1], server_port)),
            lose_acks: AtomicBool::new(false),
            lost: AtomicUsize::new(0),
            down: AtomicBool::new(false),
            stop: AtomicBool::new(false),
            sockets: Mutex::new(Vec::new()),
        });
        let s = Arc::clone(&shared);
        let accept = std::thread::spawn(move || {
            for client in listener.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                if s.down.load(Ordering::SeqCst) {
                    // Closed at once: the server is out of reach (the port stays taken).
                    continue;
                }
                // The server down: the client sees its connection closed.
                if let Ok(server) = TcpStream::connect(s.target) {
                    Connection::start(Arc::clone(&s), client, server);
                }
            }
        });
        Proxy {
            port,
            shared,
            accept: Some(accept),
        }
    }

    /// A URL to the database `db` through the proxy (no TLS), as [`super::Cluster::url_of`].
    pub fn url_of(&self, user: &str, password: &str, db: &str) -> String {
        super::plain_url(self.port, user, password, db)
    }

    /// The URL of the database `db` through the proxy without credentials, as a team
    /// member joins it (see [`super::Cluster::server_url`]).
    pub fn server_url(&self, db: &str) -> String {
        super::bare_url(self.port, db)
    }

    /// From now on (`true`) or no longer (`false`), every committed push's answer is
    /// dropped and its connection closed (see the module's text).
    pub fn lose_push_acks(&self, on: bool) {
        self.shared.lose_acks.store(on, Ordering::SeqCst);
    }

    /// From now on (`true`), the server is out of reach through the proxy: every
    /// connection open is closed, and new ones are closed as they come; `false` forwards
    /// again. (The proxy keeps its port, so no other server can take it meanwhile.)
    pub fn set_down(&self, down: bool) {
        self.shared.down.store(down, Ordering::SeqCst);
        if down {
            for s in lock(&self.shared.sockets).drain(..) {
                let _ = s.shutdown(Shutdown::Both);
            }
        }
    }

    /// How many acknowledgements the proxy has dropped so far.
    pub fn lost_acks(&self) -> usize {
        self.shared.lost.load(Ordering::SeqCst)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop, which then sees `stop`.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
        for s in lock(&self.shared.sockets).iter() {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// One client's connection: a thread per direction, sharing what the client asked.
struct Connection {
    shared: Arc<Shared>,
    client: TcpStream,
    server: TcpStream,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Statements (by name) the client Parsed with a text containing `push(`.
    push_statements: HashSet<String>,
    /// A push statement is running: the server's answers are held back.
    armed: bool,
    /// Since armed: a CommandComplete seen, an ErrorResponse seen.
    completed: bool,
    failed: bool,
    /// The client asked for TLS (SSLRequest): the server answers with one byte first.
    ssl_answer_due: bool,
    /// TLS was agreed: bytes are forwarded unread.
    opaque: bool,
}

/// One message: its type byte (None for the client's first, untyped ones) and its body.
struct Message {
    kind: Option<u8>,
    bytes: Vec<u8>,
}

impl Message {
    fn body(&self) -> &[u8] {
        let header = if self.kind.is_some() { 5 } else { 4 };
        &self.bytes[header..]
    }
}

const SSL_REQUEST: u32 = 80_877_103;
const GSSENC_REQUEST: u32 = 80_877_104;

impl Connection {
    fn start(shared: Arc<Shared>, client: TcpStream, server: TcpStream) {
        let (Ok(c), Ok(s)) = (client.try_clone(), server.try_clone()) else {
            return;
        };
        lock(&shared.sockets).extend([c, s]);
        let conn = Arc::new(Connection {
            shared,
            client,
            server,
            state: Mutex::new(State::default()),
        });
        let up = Arc::clone(&conn);
        std::thread::spawn(move || {
            let _ = up.client_to_server();
            up.close();
        });
        std::thread::spawn(move || {
            let _ = conn.server_to_client();
            conn.close();
        });
    }

    fn close(&self) {
        let _ = self.client.shutdown(Shutdown::Both);
        let _ = self.server.shutdown(Shutdown::Both);
    }

    fn client_to_server(&self) -> std::io::Result<()> {
        let mut from = BufReader::new(self.client.try_clone()?);
        let mut to = self.server.try_clone()?;
        let mut startup = true;
        loop {
            // The client sends nothing after an SSLRequest before it has the answer, which
            // the other thread reads (and sets `opaque` by) before forwarding it.
            let first = read_byte(&mut from)?;
            if lock(&self.state).opaque {
                to.write_all(&[first])?;
                std::io::copy(&mut from, &mut to)?;
                return Ok(());
            }
            let m = if startup {
                read_message(&mut (&[first][..]).chain(&mut from), None)?
            } else {
                read_message(&mut from, Some(first))?
            };
            if startup {
                let code = m
                    .body()
                    .get(..4)
                    .map(|c| u32::from_be_bytes(c.try_into().unwrap()));
                if matches!(code, Some(SSL_REQUEST | GSSENC_REQUEST)) {
                    lock(&self.state).ssl_answer_due = true;
                } else {
                    startup = false;
                }
            } else {
                self.client_sent(&m);
            }
            to.write_all(&m.bytes)?;
        }
    }

    /// Arms the connection when the client runs a push (before it reaches the server).
    fn client_sent(&self, m: &Message) {
        let mut st = lock(&self.state);
        let body = m.body();
        match m.kind {
            Some(b'Q') if contains_push(body) => st.armed = true,
            Some(b'P') => {
                let name = cstr(body, 0);
                if contains_push(&body[name.len()..]) {
                    st.push_statements.insert(name);
                } else {
                    st.push_statements.remove(&name);
                }
            }
            Some(b'B') => {
                let portal = cstr(body, 0);
                let statement = cstr(body, portal.len() + 1);
                if st.push_statements.contains(&statement) {
                    st.armed = true;
                }
            }
            _ => {}
        }
    }

    fn server_to_client(&self) -> std::io::Result<()> {
        let mut from = BufReader::new(self.server.try_clone()?);
        let mut to = self.client.try_clone()?;
        let mut held: Vec<u8> = Vec::new();
        loop {
            let mut kind = [0u8];
            from.read_exact(&mut kind)?;
            {
                // The server cannot answer an SSLRequest before the client sent it, and
                // the flag is set before it is forwarded.
                let mut st = lock(&self.state);
                if st.ssl_answer_due {
                    st.ssl_answer_due = false;
                    st.opaque = kind[0] == b'S';
                    let opaque = st.opaque;
                    drop(st);
                    to.write_all(&kind)?;
                    if opaque {
                        std::io::copy(&mut from, &mut to)?;
                        return Ok(());
                    }
                    continue;
                }
            }
            let m = read_message(&mut from, Some(kind[0]))?;
            let mut st = lock(&self.state);
            if !st.armed || !self.shared.lose_acks.load(Ordering::SeqCst) {
                drop(st);
                held.extend_from_slice(&m.bytes);
            } else {
                held.extend_from_slice(&m.bytes);
                match m.kind {
                    Some(b'C') => st.completed = true,
                    Some(b'E') => st.failed = true,
                    Some(b'Z') => {
                        let idle = m.body().first() == Some(&b'I');
                        if idle && st.completed && !st.failed {
                            // Committed: the answer is lost with the connection.
                            self.shared.lost.fetch_add(1, Ordering::SeqCst);
                            return Ok(());
                        }
                        st.completed = false;
                        if idle {
                            // The push failed (or was rolled back): its answer goes through.
                            st.armed = false;
                            st.failed = false;
                        }
                        drop(st);
                        to.write_all(&held)?;
                        held.clear();
                    }
                    _ => {}
                }
                continue;
            }
            // Forwarding: write when nothing more is waiting to be read.
            if from.buffer().is_empty() {
                to.write_all(&held)?;
                held.clear();
            }
        }
    }
}

fn read_byte(r: &mut impl Read) -> std::io::Result<u8> {
    let mut b = [0u8];
    r.read_exact(&mut b)?;
    Ok(b[0])
}

/// Reads the rest of one message after its type byte `kind` (None for the client's first,
/// untyped ones): a length (counting itself) and the body.
fn read_message(r: &mut impl Read, kind: Option<u8>) -> std::io::Result<Message> {
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let len = u32::from_be_bytes(len) as usize;
    if !(4..=1 << 30).contains(&len) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("a message length of {len}"),
        ));
    }
    let mut bytes = Vec::with_capacity(len + 1);
    bytes.extend(kind);
    bytes.extend_from_slice(&(len as u32).to_be_bytes());
    let start = bytes.len();
    bytes.resize(start + len - 4, 0);
    r.read_exact(&mut bytes[start..])?;
    Ok(Message { kind, bytes })
}

/// The NUL-terminated string at `at` (without its NUL).
fn cstr(body: &[u8], at: usize) -> String {
    let rest = body.get(at..).unwrap_or_default();
    let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
    String::from_utf8_lossy(&rest[..end]).into_owned()
}

fn contains_push(text: &[u8]) -> bool {
    text.windows(5).any(|w| w.eq_ignore_ascii_case(b"push("))
}
