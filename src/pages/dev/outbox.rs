//! Dev mode's outbox: every email and SMS the server sent, newest first.

use leptos::prelude::*;

use crate::api::dev::list_outbox;
use crate::components::page_title::PageTitle;
use crate::domain::AppError;
use crate::i18n;

#[component]
pub fn OutboxPage() -> impl IntoView {
    let messages = Resource::new_serde_wb(|| (), |_| list_outbox());
    view! {
        <PageTitle text="Dev outbox" />
        <section class="card wide">
            <h1>"Dev outbox"</h1>
            <p>
                "Every email and SMS Keyturn sent in dev mode, newest first. Reload to see new ones."
            </p>
            <Suspense fallback=|| {
                view! { <p>"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match messages.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p>"No messages yet."</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ol class="outbox">
                                    {list
                                        .into_iter()
                                        .map(|m| {
                                            view! {
                                                <li class="message">
                                                    <p class="meta">
                                                        <span class="channel">{m.channel.as_str()}</span>
                                                        " to "
                                                        <strong>{m.recipient}</strong>
                                                        " at "
                                                        {m.sent_at}
                                                    </p>
                                                    {(!m.subject.is_empty())
                                                        .then(|| view! { <p class="subject">{m.subject}</p> })}
                                                    <pre>{m.body}</pre>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ol>
                            }
                                .into_any()
                        }
                        Err(AppError::NotFound) => {
                            view! {
                                <p>"The dev outbox exists only in dev mode (KEYTURN_DEV=1)."</p>
                            }
                                .into_any()
                        }
                        Err(e) => {
                            view! {
                                <p role="alert">{i18n::error(i18n::current_locale(), &e, None)}</p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
