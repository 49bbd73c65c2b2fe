//! Settings → Canned templates: saved replies with placeholders. Templates belong to the tenant,
//! not to a space, so everyone with `ManageChannelSettings` (Managers included) manages all of
//! them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use rusqlite::{params, Connection, OptionalExtension, Row};
use textpeak_api::{Capability, Stream, TemplateInput, TemplateSetting};

use crate::api::conversations::wire;
use crate::api::settings_names::{require_unique_name, Named};
use crate::api::settings_scope::tenant_allowed;
use crate::api::{ApiJson, ApiPath};
use crate::auth::Authenticated;
use crate::problem::ApiError;
use crate::AppState;

/// The tenant, for callers who may manage channel settings: templates are the tenant's, not a
/// space's, so a Manager's spaces do not narrow them.
fn allowed(conn: &Connection, user_id: i64) -> Result<i64, ApiError> {
    tenant_allowed(conn, user_id, &[Capability::ManageChannelSettings])
}

/// A template from `SELECT id, name, body, stream, whatsapp_approved`.
fn template_from_row(r: &Row) -> rusqlite::Result<TemplateSetting> {
    let stream: Option<String> = r.get(3)?;
    Ok(TemplateSetting {
        id: r.get(0)?,
        name: r.get(1)?,
        body: r.get(2)?,
        stream: stream.map(|s| wire(Stream::parse, 3, s)).transpose()?,
        whatsapp_approved: r.get(4)?,
    })
}

fn template_setting(conn: &Connection, tenant: i64, id: i64) -> Result<TemplateSetting, ApiError> {
    conn.query_row(
        "SELECT id, name, body, stream, whatsapp_approved FROM canned_templates
         WHERE id = ?1 AND tenant_id = ?2",
        params![id, tenant],
        template_from_row,
    )
    .optional()?
    .ok_or_else(ApiError::not_found)
}

/// `GET /api/templates`: by name.
pub async fn list(
    State(state): State<AppState>,
    auth: Authenticated,
) -> Result<Json<Vec<TemplateSetting>>, ApiError> {
    let templates = state
        .db
        .call(move |conn| {
            let tenant = allowed(conn, auth.user_id)?;
            let templates = conn
                .prepare(
                    "SELECT id, name, body, stream, whatsapp_approved FROM canned_templates
                     WHERE tenant_id = ?1 ORDER BY name COLLATE NOCASE, id",
                )?
                .query_map([tenant], template_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(templates)
        })
        .await?;
    Ok(Json(templates))
}

/// `POST /api/templates`.
pub async fn create(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(input): ApiJson<TemplateInput>,
) -> Result<(StatusCode, Json<TemplateSetting>), ApiError> {
    let template = state
        .db
        .call(move |conn| {
            let tenant = allowed(conn, auth.user_id)?;
            let input = input.normalized()?;
            require_unique_name(conn, Named::Template, tenant, &input.name, None)?;
            conn.execute(
                "INSERT INTO canned_templates (tenant_id, name, body, stream, whatsapp_approved)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    tenant,
                    input.name,
                    input.body,
                    input.stream.map(Stream::as_str),
                    input.whatsapp_approved
                ],
            )?;
            template_setting(conn, tenant, conn.last_insert_rowid())
        })
        .await?;
    Ok((StatusCode::CREATED, Json(template)))
}

/// `PATCH /api/templates/{id}`: the whole form again.
pub async fn update(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<TemplateInput>,
) -> Result<Json<TemplateSetting>, ApiError> {
    let template = state
        .db
        .call(move |conn| {
            let tenant = allowed(conn, auth.user_id)?;
            template_setting(conn, tenant, id)?;
            let input = input.normalized()?;
            require_unique_name(conn, Named::Template, tenant, &input.name, Some(id))?;
            conn.execute(
                "UPDATE canned_templates SET name = ?1, body = ?2, stream = ?3,
                    whatsapp_approved = ?4 WHERE id = ?5 AND tenant_id = ?6",
                params![
                    input.name,
                    input.body,
                    input.stream.map(Stream::as_str),
                    input.whatsapp_approved,
                    id,
                    tenant
                ],
            )?;
            template_setting(conn, tenant, id)
        })
        .await?;
    Ok(Json(template))
}

/// `DELETE /api/templates/{id}`: messages sent with it keep their text.
pub async fn delete(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state
        .db
        .call(move |conn| {
            let tenant = allowed(conn, auth.user_id)?;
            let removed = conn.execute(
                "DELETE FROM canned_templates WHERE id = ?1 AND tenant_id = ?2",
                params![id, tenant],
            )?;
            if removed == 0 {
                return Err(ApiError::not_found());
            }
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
