//! A TCP proxy on loopback between the app and its Postgres server, to make the server go away
//! and come back as a restart does, without touching the server the other tests share: the
//! live connections break, new ones are refused (the port is closed) or cut at once (a server
//! that dies on every connection), and then everything works again on the same port.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub struct TcpProxy {
    addr: SocketAddr,
    target: SocketAddr,
    /// Connections are accepted and closed at once.
    cutting: Arc<AtomicBool>,
    /// The accepting task (none while refusing) and every forwarding task.
    tasks: Arc<Mutex<Tasks>>,
}

#[derive(Default)]
struct Tasks {
    listener: Option<JoinHandle<()>>,
    links: Vec<JoinHandle<()>>,
}

impl TcpProxy {
    /// A proxy on a free loopback port forwarding to `target`.
    pub async fn start(target: SocketAddr) -> TcpProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy = TcpProxy {
            addr: listener.local_addr().unwrap(),
            target,
            cutting: Arc::default(),
            tasks: Arc::default(),
        };
        proxy.serve(listener);
        proxy
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn serve(&self, listener: TcpListener) {
        let (target, cutting, tasks) = (self.target, self.cutting.clone(), self.tasks.clone());
        let accepting = tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                if cutting.load(Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let link = tokio::spawn(forward(inbound, target));
                tasks.lock().unwrap().links.push(link);
            }
        });
        self.tasks.lock().unwrap().listener = Some(accepting);
    }

    /// Every live connection breaks.
    pub fn break_connections(&self) {
        for link in self.tasks.lock().unwrap().links.drain(..) {
            link.abort();
        }
    }

    /// The server is gone: live connections break and the port refuses new ones.
    pub fn go_away(&self) {
        if let Some(listener) = self.tasks.lock().unwrap().listener.take() {
            listener.abort();
        }
        self.break_connections();
    }

    /// New connections are accepted and closed at once, and live ones break.
    pub fn cut_every_connection(&self, cutting: bool) {
        self.cutting.store(cutting, Ordering::SeqCst);
        if cutting {
            self.break_connections();
        }
    }

    /// The server is back on the same port.
    pub async fn come_back(&self) {
        self.cut_every_connection(false);
        if self.tasks.lock().unwrap().listener.is_some() {
            return;
        }
        // The aborted task drops its listener at its next poll: wait for the port to be free.
        for _ in 0..100 {
            if let Ok(listener) = TcpListener::bind(self.addr).await {
                self.serve(listener);
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("the proxy's port {} did not come free", self.addr);
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.go_away();
    }
}

async fn forward(mut inbound: TcpStream, target: SocketAddr) {
    if let Ok(mut outbound) = TcpStream::connect(target).await {
        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
    }
}
