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
                // The flag is read under the lock `break_connections` drains with, so no link
                // can slip in after a break.
                let mut tasks = tasks.lock().unwrap();
                if cutting.load(Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                tasks.links.push(tokio::spawn(forward(inbound, target)));
            }
        });
        self.tasks.lock().unwrap().listener = Some(accepting);
    }

    /// Every live connection breaks, and is closed by the time this returns: an aborted task
    /// closes its sockets only when it is next polled, and a test must not race that.
    pub async fn break_connections(&self) {
        let links: Vec<_> = self.tasks.lock().unwrap().links.drain(..).collect();
        for link in &links {
            link.abort();
        }
        for link in links {
            let _ = link.await;
        }
    }

    /// The server is gone: live connections break and the port refuses new ones.
    pub async fn go_away(&self) {
        let listener = self.tasks.lock().unwrap().listener.take();
        if let Some(listener) = listener {
            listener.abort();
            let _ = listener.await;
        }
        self.break_connections().await;
    }

    /// A server that dies on every connection: live ones break, new ones are accepted and
    /// closed at once, until `stop_cutting`.
    pub async fn cut_every_connection(&self) {
        {
            let _tasks = self.tasks.lock().unwrap();
            self.cutting.store(true, Ordering::SeqCst);
        }
        self.break_connections().await;
    }

    pub fn stop_cutting(&self) {
        self.cutting.store(false, Ordering::SeqCst);
    }

    /// The server is back on the same port.
    pub async fn come_back(&self) {
        self.stop_cutting();
        if self.tasks.lock().unwrap().listener.is_some() {
            return;
        }
        // The listener task was awaited, so its port is free; a bind may still fail for a
        // moment while the kernel lets go of it.
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
        let mut tasks = self.tasks.lock().unwrap();
        for task in tasks
            .listener
            .take()
            .into_iter()
            .chain(tasks.links.drain(..))
        {
            task.abort();
        }
    }
}

async fn forward(mut inbound: TcpStream, target: SocketAddr) {
    if let Ok(mut outbound) = TcpStream::connect(target).await {
        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
    }
}
