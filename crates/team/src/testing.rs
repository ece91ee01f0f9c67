//! A real PostgreSQL cluster for one test (this crate's, and those of crates built on it:
//! enable the feature `testing` in their dev-dependencies): `initdb` into a temporary folder (as `nobody`
//! when the tests run as root: PostgreSQL refuses to run as root), listening on a free
//! port on 127.0.0.1 only, its socket inside that folder, password (SCRAM-SHA-256)
//! authentication with a superuser password set at initdb; started with `pg_ctl -w`
//! (which waits until it accepts connections) and stopped on drop.
//!
//! [`Cluster::start_tls`] also turns TLS on: a test CA and a server certificate made at
//! test time with the `openssl` command line (see `tls_files`), whose only name is the IP
//! address `127.0.0.1` (so `localhost` does not match it). Plain connections stay allowed.
//!
//! [`Proxy`] stands between a client and the cluster and can lose a push's acknowledgement.
//!
//! The programs are found in `$COUNTERPART_PG_BIN`, else on `PATH`, else in Debian's
//! `/usr/lib/postgresql/<version>/bin` (the newest).

use std::path::{Path, PathBuf};
use std::process::Command;

use tokio_postgres::{Client, NoTls};

// By path: this file is also compiled into the crate's own tests as a module of theirs.
#[path = "testing/proxy.rs"]
mod proxy;
pub use proxy::Proxy;

pub const SUPERUSER: &str = "postgres";

pub struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    /// `runuser -u nobody --` when running as root, else nothing.
    as_user: Vec<String>,
    pub port: u16,
    pub password: String,
    /// The test CA's certificate (PEM), when started with TLS.
    pub ca_file: Option<PathBuf>,
}

impl Cluster {
    pub fn start() -> Cluster {
        Cluster::start_with(false)
    }

    /// A cluster with `ssl = on`, its certificate signed by a test CA ([`Cluster::ca_file`]).
    pub fn start_tls() -> Cluster {
        Cluster::start_with(true)
    }

    fn start_with(tls: bool) -> Cluster {
        let bin = pg_bin();
        let dir = tempfile::Builder::new()
            .prefix("counterpart-pg-")
            .tempdir()
            .expect("temporary folder");
        let root = output(Command::new("id").arg("-u")).trim() == "0";
        let as_user: Vec<String> = if root {
            let uid: u32 = output(Command::new("id").args(["-u", "nobody"]))
                .trim()
                .parse()
                .unwrap();
            let gid: u32 = output(Command::new("id").args(["-g", "nobody"]))
                .trim()
                .parse()
                .unwrap();
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).expect("chown");
            ["runuser", "-u", "nobody", "--"].map(String::from).to_vec()
        } else {
            Vec::new()
        };
        let password = format!("pw-{}", uuid::Uuid::new_v4().simple());
        let pwfile = dir.path().join("pwfile");
        std::fs::write(&pwfile, &password).unwrap();
        let data = dir.path().join("data");
        let sock = dir.path().join("sock");
        std::fs::create_dir(&sock).unwrap();
        if root {
            let chown = |p: &Path| {
                run(Command::new("chown").arg("nobody:").arg(p));
            };
            chown(&pwfile);
            chown(&sock);
        }
        let mut cluster = Cluster {
            bin,
            dir,
            as_user,
            port: 0,
            password,
            ca_file: None,
        };
        cluster
            .pg("initdb")
            .arg("-D")
            .arg(&data)
            .args(["-U", SUPERUSER, "-E", "UTF8", "--no-locale", "--no-sync"])
            .args(["--auth-local=scram-sha-256", "--auth-host=scram-sha-256"])
            .arg(format!("--pwfile={}", pwfile.display()))
            .status_ok();
        std::fs::remove_file(&pwfile).ok();
        let mut ssl_conf = String::new();
        if tls {
            let files = tls_files(cluster.dir.path(), root);
            ssl_conf = format!(
                "ssl = on\nssl_cert_file = '{}'\nssl_key_file = '{}'\n",
                files.cert.display(),
                files.key.display()
            );
            cluster.ca_file = Some(files.ca);
        }
        // A port free now may be taken before the server binds it: try a few.
        for _ in 0..5 {
            cluster.port = free_port();
            let conf = format!(
                "listen_addresses = '127.0.0.1'\nport = {}\nunix_socket_directories = '{}'\nfsync = off\n{ssl_conf}",
                cluster.port,
                sock.display()
            );
            let conf_path = data.join("postgresql.auto.conf");
            std::fs::write(&conf_path, conf).unwrap();
            let log = cluster.dir.path().join("server.log");
            let ok = cluster
                .pg("pg_ctl")
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(&log)
                .args(["-w", "-t", "60", "start"])
                .output()
                .expect("pg_ctl")
                .status
                .success();
            if ok {
                return cluster;
            }
            eprintln!(
                "pg_ctl start failed on port {}:\n{}",
                cluster.port,
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        panic!("the test PostgreSQL did not start");
    }

    /// `program` of the cluster's bin folder, run as the cluster's user.
    fn pg(&self, program: &str) -> Command {
        let exe = self.bin.join(program);
        let mut cmd = match self.as_user.split_first() {
            Some((first, rest)) => {
                let mut c = Command::new(first);
                c.args(rest).arg(exe);
                c
            }
            None => Command::new(exe),
        };
        cmd.current_dir(self.dir.path());
        cmd
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// A connection URL to the database `postgres` (no TLS: the lab server listens on
    /// 127.0.0.1 only).
    pub fn url(&self, user: &str, password: &str) -> String {
        self.url_of(user, password, "postgres")
    }

    /// The URL of the database `db` without credentials, as a team member joins it
    /// (no TLS).
    pub fn server_url(&self, db: &str) -> String {
        bare_url(self.port, db)
    }

    /// A connection URL to the database `db`.
    pub fn url_of(&self, user: &str, password: &str, db: &str) -> String {
        plain_url(self.port, user, password, db)
    }

    /// A [`Proxy`] to this cluster (forwarding everything until told otherwise).
    pub fn proxy(&self) -> Proxy {
        Proxy::start(self.port)
    }

    /// A URL to the database `db` over TLS, `sslmode=verify-full` with the test CA as
    /// `sslrootcert` (a cluster started with [`Cluster::start_tls`]).
    pub fn tls_url_of(&self, user: &str, password: &str, db: &str) -> String {
        let ca = self.ca_file.as_ref().expect("a cluster started with TLS");
        format!(
            "postgresql://{user}:{password}@127.0.0.1:{}/{db}?sslmode=verify-full&sslrootcert={}",
            self.port,
            ca.display()
        )
    }

    pub async fn connect(&self, user: &str, password: &str) -> Client {
        connect(&self.url(user, password)).await.expect("connect")
    }

    /// The superuser (the schema's owner in these tests).
    pub async fn admin(&self) -> Client {
        self.connect(SUPERUSER, &self.password).await
    }

    /// Sets up a team in the database `postgres`: the schema, and `users` (name, agency)
    /// with the password [`password_of`] each. Returns the superuser's connection.
    pub async fn init_team(&self, users: &[(&str, &str)]) -> Client {
        let mut admin = self.admin().await;
        counterpart_team::server::init(&mut admin)
            .await
            .expect("the team schema");
        for (name, agency) in users {
            counterpart_team::server::add_user(&mut admin, name, agency, &password_of(name))
                .await
                .expect("a team user");
        }
        admin
    }
}

/// A small deterministic generator (SplitMix64) for seeded tests and generated data:
/// the same seed gives the same numbers on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (not 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// An index below `len` (not 0).
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.index(v.len())]
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// 0..n in a random order.
    pub fn shuffled(&mut self, n: usize) -> Vec<usize> {
        let mut v: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            v.swap(i, self.index(i + 1));
        }
        v
    }
}

/// The password of a test user made by [`Cluster::init_team`]: `NAME-pw`.
pub fn password_of(user: &str) -> String {
    format!("{user}-pw")
}

pub async fn connect(url: &str) -> Result<Client, tokio_postgres::Error> {
    let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

/// A URL to the database `db` on 127.0.0.1:`port`, without TLS or credentials.
fn bare_url(port: u16, db: &str) -> String {
    format!("postgresql://127.0.0.1:{port}/{db}?sslmode=disable")
}

/// A URL to the database `db` on 127.0.0.1:`port`, without TLS.
fn plain_url(port: u16, user: &str, password: &str, db: &str) -> String {
    format!("postgresql://{user}:{password}@127.0.0.1:{port}/{db}?sslmode=disable")
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self
            .pg("pg_ctl")
            .arg("-D")
            .arg(&data)
            .args(["-m", "fast", "-w", "stop"])
            .output();
    }
}

struct TlsFiles {
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

/// A test CA and a server certificate for `IP:127.0.0.1` only, signed by it (EC P-256, one
/// day), in `dir/tls`: the keys 0600, all owned by the server's user when `as_nobody`.
fn tls_files(dir: &Path, as_nobody: bool) -> TlsFiles {
    use std::os::unix::fs::PermissionsExt;
    let tls = dir.join("tls");
    std::fs::create_dir(&tls).unwrap();
    std::fs::set_permissions(&tls, std::fs::Permissions::from_mode(0o700)).unwrap();
    let f = |name: &str| tls.join(name);
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    run(Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-days",
            "1",
            "-subj",
            "/CN=Counterpart test CA",
        ])
        .args(ec)
        .arg("-keyout")
        .arg(f("ca.key"))
        .arg("-out")
        .arg(f("ca.pem"))
        .args(["-addext", "basicConstraints=critical,CA:TRUE"])
        .args(["-addext", "keyUsage=critical,keyCertSign,cRLSign"]));
    run(Command::new("openssl")
        .args(["req", "-subj", "/CN=127.0.0.1"])
        .args(ec)
        .arg("-keyout")
        .arg(f("server.key"))
        .arg("-out")
        .arg(f("server.csr")));
    std::fs::write(
        f("server.ext"),
        "subjectAltName = IP:127.0.0.1\nbasicConstraints = critical,CA:FALSE\n\
         keyUsage = critical,digitalSignature\nextendedKeyUsage = serverAuth\n",
    )
    .unwrap();
    run(Command::new("openssl")
        .args(["x509", "-req", "-days", "1", "-set_serial", "2"])
        .arg("-in")
        .arg(f("server.csr"))
        .arg("-CA")
        .arg(f("ca.pem"))
        .arg("-CAkey")
        .arg(f("ca.key"))
        .arg("-extfile")
        .arg(f("server.ext"))
        .arg("-out")
        .arg(f("server.crt")));
    for name in ["ca.key", "server.key"] {
        std::fs::set_permissions(f(name), std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    if as_nobody {
        run(Command::new("chown").arg("-R").arg("nobody:").arg(&tls));
    }
    TlsFiles {
        ca: f("ca.pem"),
        cert: f("server.crt"),
        key: f("server.key"),
    }
}

trait StatusOk {
    fn status_ok(&mut self);
}

impl StatusOk for Command {
    fn status_ok(&mut self) {
        let out = self.output().expect("run");
        assert!(
            out.status.success(),
            "{:?} failed:\n{}{}",
            self,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn run(cmd: &mut Command) {
    cmd.status_ok();
}

fn output(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run");
    assert!(out.status.success(), "{cmd:?} failed");
    String::from_utf8(out.stdout).unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn pg_bin() -> PathBuf {
    if let Some(dir) = std::env::var_os("COUNTERPART_PG_BIN") {
        return PathBuf::from(dir);
    }
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            if dir.join("initdb").is_file() && dir.join("pg_ctl").is_file() {
                return dir;
            }
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).expect(
        "no PostgreSQL found (initdb, pg_ctl): run scripts/bootstrap, or set COUNTERPART_PG_BIN",
    )
}
