//! The whole HTTP surface (`/api/*`, the app for every other path, and the layers around both)
//! and `serve`, which opens the database and listens.

use std::any::Any;

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::{middleware, Router};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::config::ServeConfig;
use crate::db::{BoxError, Db};
use crate::http::problem::{internal_problem, problem_response};
use crate::http::{cors, static_files};
use crate::state::AppState;
use crate::store::sessions;
use crate::{auth, routes, seed, simulator};

/// The whole HTTP surface: `/api/*`, the app for every other path, and the layers around both.
pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .nest(routes::kit::API_PREFIX, routes::api())
        .fallback(static_files::serve);
    with_layers(routes, state)
}

fn with_layers(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::map_response_with_state(
            state.clone(),
            security_headers,
        ))
        .layer(middleware::from_fn_with_state(
            state.allowed_origins.clone(),
            cors::cors,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

async fn security_headers(State(state): State<AppState>, mut response: Response) -> Response {
    let headers = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&state.site.csp()) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    tracing::error!(%message, "handler panicked");
    problem_response(&internal_problem())
}

/// Opens and seeds the database, then serves until SIGINT or SIGTERM.
pub async fn serve(config: ServeConfig) -> Result<(), BoxError> {
    let db = Db::open(&config.db)?;
    let seed_db = db.clone();
    let seed_conversations = config.seed_conversations;
    tokio::task::spawn_blocking(move || -> Result<(), BoxError> {
        seed_db.with_conn(|conn| -> Result<(), BoxError> {
            if let Some(conversations) = seed_conversations {
                if let Some(report) = seed::seed_if_empty(conn, conversations)? {
                    tracing::info!(
                        conversations = report.conversations,
                        messages = report.messages,
                        elapsed_ms = report.elapsed.as_millis() as u64,
                        "seeded the demo data"
                    );
                }
            }
            sessions::delete_expired(conn)?;
            Ok(())
        })?;
        auth::prepare();
        Ok(())
    })
    .await??;

    let support_token = config.support_token.as_deref();
    match support_token {
        Some(t) if t.len() < 16 => {
            tracing::warn!("the support token is shorter than 16 characters; use a long random one")
        }
        Some(_) => tracing::info!("support endpoints enabled (/api/support/*)"),
        None => tracing::info!("no support token: /api/support/* is disabled"),
    }
    let state = AppState::new(db, &config.static_dir)
        .with_secure_cookies(config.secure_cookies)
        .with_support_token(support_token)
        .with_test_clock(config.test_clock)
        .with_allowed_origins(config.allowed_origins.iter().cloned())
        .with_live(config.live);
    if !config.allowed_origins.is_empty() {
        tracing::info!(origins = ?config.allowed_origins, "cross-origin API allowed for these origins");
    }
    if config.test_clock {
        tracing::warn!("test clock on: support may move the clock forward (tests only)");
    }
    simulator::snoozes::spawn(state.db.clone());
    if simulator::traffic::spawn(state.db.clone(), config.traffic).is_none() {
        tracing::info!("traffic simulator off (--simulate-traffic to have contacts write in)");
    }
    if simulator::spawn(
        state.db.clone(),
        config.delivery,
        state.delivery_wake.clone(),
    )
    .is_none()
    {
        tracing::info!("delivery simulator off: outbound messages stay queued");
    }
    let pruned = state.live.prune().await?;
    if pruned > 0 {
        tracing::info!(pruned, "event log pruned");
    }
    state.live.ensure_running().await?;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    println!("TextPeak Inbox listening on http://{addr}");
    tracing::info!(%addr, db = %config.db.display(), static_dir = %config.static_dir.display(), "serving");
    let hub = state.live.clone();
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            // Open event streams would keep the graceful shutdown waiting forever.
            hub.shut_down();
        })
        .await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;
    use crate::http::problem;

    #[tokio::test]
    async fn a_panicking_handler_becomes_a_500_problem() {
        let state = AppState::new(Db::open_in_memory().unwrap(), "/nonexistent");
        let routes: Router<AppState> = Router::new().route(
            "/api/boom",
            get(|| async {
                if true {
                    panic!("boom");
                }
            }),
        );
        let app = with_layers(routes, state);
        let res = app
            .oneshot(Request::get("/api/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(res.headers()[header::CONTENT_TYPE], problem::PROBLEM_JSON);
        assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
}
