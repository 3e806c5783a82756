//! Bandit scenario types (filled in by the Bandit Arena).
use serde::{Deserialize, Serialize};
use super::ScenarioError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BanditScenario { pub seed: u64 }
impl BanditScenario { pub fn validate(&self) -> Result<(), ScenarioError> { Ok(()) } }
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum EnvSpec {}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AgentSpec {}
