//! Settings → Tags: the tenant's tags, with how many conversations use each. Managing them
//! needs `ManageChannelSettings`; deleting also needs `DeleteTags` (a custom role can lose it).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use rusqlite::{params, Connection, OptionalExtension, Row};
use textpeak_api::{Capability, TagInput, TagSetting};

use crate::api::settings_names::{require_unique_name, Named};
use crate::api::settings_scope::tenant_allowed;
use crate::api::ApiPath;
use crate::auth::Authenticated;
use crate::problem::ApiError;
use crate::AppState;

fn validated(input: &TagInput) -> Result<TagInput, ApiError> {
    Ok(input.normalized()?)
}

/// A tag from `SELECT id, name, color, <conversation count>`.
fn tag_from_row(r: &Row) -> rusqlite::Result<TagSetting> {
    Ok(TagSetting {
        id: r.get(0)?,
        name: r.get(1)?,
        color: r.get(2)?,
        conversations: r.get(3)?,
    })
}

fn tag_setting(conn: &Connection, tenant: i64, id: i64) -> Result<TagSetting, ApiError> {
    conn.query_row(
        "SELECT t.id, t.name, t.color,
                (SELECT count(*) FROM conversation_tags ct WHERE ct.tag_id = t.id)
         FROM tags t WHERE t.id = ?1 AND t.tenant_id = ?2",
        params![id, tenant],
        tag_from_row,
    )
    .optional()?
    .ok_or_else(ApiError::not_found)
}

/// `GET /api/tags`: by name.
pub async fn list(
    State(state): State<AppState>,
    auth: Authenticated,
) -> Result<Json<Vec<TagSetting>>, ApiError> {
    let tags = state
        .db
        .call(move |conn| {
            let tenant = tenant_allowed(conn, auth.user_id, &[Capability::ManageChannelSettings])?;
            let mut stmt = conn.prepare(
                "SELECT t.id, t.name, t.color, count(ct.conversation_id)
                 FROM tags t LEFT JOIN conversation_tags ct ON ct.tag_id = t.id
                 WHERE t.tenant_id = ?1
                 GROUP BY t.id ORDER BY t.name COLLATE NOCASE, t.id",
            )?;
            let tags = stmt
                .query_map([tenant], tag_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(tags)
        })
        .await?;
    Ok(Json(tags))
}

/// `POST /api/tags`.
pub async fn create(
    State(state): State<AppState>,
    auth: Authenticated,
    Json(input): Json<TagInput>,
) -> Result<(StatusCode, Json<TagSetting>), ApiError> {
    let tag = state
        .db
        .call(move |conn| {
            let tenant = tenant_allowed(conn, auth.user_id, &[Capability::ManageChannelSettings])?;
            let input = validated(&input)?;
            require_unique_name(conn, Named::Tag, tenant, &input.name, None)?;
            conn.execute(
                "INSERT INTO tags (tenant_id, name, color) VALUES (?1, ?2, ?3)",
                params![tenant, input.name, input.color],
            )?;
            tag_setting(conn, tenant, conn.last_insert_rowid())
        })
        .await?;
    Ok((StatusCode::CREATED, Json(tag)))
}

/// `PATCH /api/tags/{id}`: a new name or colour.
pub async fn update(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
    Json(input): Json<TagInput>,
) -> Result<Json<TagSetting>, ApiError> {
    let tag = state
        .db
        .call(move |conn| {
            let tenant = tenant_allowed(conn, auth.user_id, &[Capability::ManageChannelSettings])?;
            tag_setting(conn, tenant, id)?;
            let input = validated(&input)?;
            require_unique_name(conn, Named::Tag, tenant, &input.name, Some(id))?;
            conn.execute(
                "UPDATE tags SET name = ?1, color = ?2 WHERE id = ?3 AND tenant_id = ?4",
                params![input.name, input.color, id, tenant],
            )?;
            tag_setting(conn, tenant, id)
        })
        .await?;
    Ok(Json(tag))
}

/// `DELETE /api/tags/{id}`: the tag leaves every conversation; past "tagged" events keep their
/// place in threads without a tag name.
pub async fn delete(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state
        .db
        .call(move |conn| {
            let tenant = tenant_allowed(
                conn,
                auth.user_id,
                &[Capability::ManageChannelSettings, Capability::DeleteTags],
            )?;
            let removed = conn.execute(
                "DELETE FROM tags WHERE id = ?1 AND tenant_id = ?2",
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
