//! The tenant's onboarding checklist, as the server computes it, and what the owner and Inbox
//! Admins do with it (skip an optional step, take a skip back, finish).

use textpeak_api::{paths, Onboarding, OnboardingStep};

use super::client::{ApiClient, ApiResult};

impl ApiClient {
    pub async fn onboarding(&self) -> ApiResult<Onboarding> {
        self.get(paths::ONBOARDING).await
    }

    /// Skips an optional step (`skipped: true`) or takes the skip back; answers the new state.
    pub async fn skip_onboarding_step(
        &self,
        step: OnboardingStep,
        skipped: bool,
    ) -> ApiResult<Onboarding> {
        let path = paths::onboarding_skip(step);
        if skipped {
            self.put(&path).await
        } else {
            self.delete_json(&path).await
        }
    }

    /// Finishes onboarding (the required steps must be complete); answers the final state.
    pub async fn finish_onboarding(&self) -> ApiResult<Onboarding> {
        self.post(paths::ONBOARDING_FINISH, &serde_json::json!({}))
            .await
    }
}
