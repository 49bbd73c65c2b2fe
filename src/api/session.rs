//! Who is signed in: `/api/me`, `/api/session`, and the tenant's Beta access request.

use textpeak_api::{paths, Me, SignInRequest, SignInResponse, TenantInfo};

use super::client::{ApiClient, ApiResult};

impl ApiClient {
    pub async fn me(&self) -> ApiResult<Me> {
        self.get(paths::ME).await
    }

    pub async fn sign_in(&self, email: String, password: String) -> ApiResult<Me> {
        let body = SignInRequest {
            email,
            password,
            bearer: false,
        };
        let response: SignInResponse = self.post(paths::SESSION, &body).await?;
        Ok(response.me)
    }

    pub async fn sign_out(&self) -> ApiResult<()> {
        self.delete(paths::SESSION).await
    }

    /// Asks TextPeak support for Beta access for the user's tenant.
    pub async fn request_access(&self) -> ApiResult<TenantInfo> {
        self.post(paths::ACCESS_REQUEST, &serde_json::json!({}))
            .await
    }
}
