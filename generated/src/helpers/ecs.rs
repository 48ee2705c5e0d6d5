//! Launch targets and overrides for the generated [`ecs::RunTask`], as CDK's
//! `EcsEc2LaunchTarget`, `EcsFargateLaunchTarget`, `PlacementStrategy`,
//! `PlacementConstraint` and `ContainerOverride` give them.
//!
//! ```
//! use serde_json::json;
//! use sfn_tasks::services::ecs::{
//!     Ec2LaunchTarget, FargateLaunchTarget, awsvpc, container_override, distinct_instances,
//!     ContainerOverrideExt, member_of, packed_by_cpu, randomly, spread_across_instances,
//! };
//! use sfn_tasks::runtime::Task;
//! use sfn_tasks::services::ecs::RunTask;
//! use sfn_tasks::JsonPath;
//!
//! let on_ec2 = RunTask::new("my-family").launch_target(
//!     Ec2LaunchTarget::new()
//!         .placement_strategies([spread_across_instances(), packed_by_cpu(), randomly()])
//!         .placement_constraints([member_of("attribute:ecs.instance-type =~ t2.*"), distinct_instances()]),
//! );
//! let p = on_ec2.write_parameters().unwrap();
//! assert_eq!(p["LaunchType"], "EC2");
//! assert_eq!(p["PlacementStrategy"][0], json!({"Type": "spread", "Field": "instanceId"}));
//! assert_eq!(p["PlacementConstraints"][1], json!({"Type": "distinctInstance"}));
//!
//! let on_fargate = RunTask::new("my-family")
//!     .launch_target(
//!         FargateLaunchTarget::new()
//!             .platform_version("1.4.0")
//!             .network(awsvpc(["subnet-1"], ["sg-1"], false)),
//!     )
//!     .container_overrides([container_override("app")
//!         .env("SOME_KEY", JsonPath::new("$.SomeKey").unwrap())
//!         .env("STAGE", "prod")]);
//! let p = on_fargate.write_parameters().unwrap();
//! assert_eq!(p["LaunchType"], "FARGATE");
//! assert_eq!(p["PlatformVersion"], "1.4.0");
//! assert_eq!(p["NetworkConfiguration"]["AwsvpcConfiguration"]["AssignPublicIp"], "DISABLED");
//! assert_eq!(
//!     p["Overrides"]["ContainerOverrides"][0]["Environment"][0],
//!     json!({"Name": "SOME_KEY", "Value.$": "$.SomeKey"})
//! );
//! ```
//!
//! [`ecs::RunTask`]: crate::services::ecs::RunTask

use crate::runtime::Field;
use crate::services::ecs::RunTask;
use crate::services::ecs::types::{
    AssignPublicIp, AwsVpcConfiguration, CapacityProviderStrategyItem, ContainerOverride,
    KeyValuePair, LaunchType, NetworkConfiguration, PlacementConstraint, PlacementConstraintType,
    PlacementStrategy, PlacementStrategyType, TaskOverride,
};

/// Spread tasks evenly across container instances.
pub fn spread_across_instances() -> PlacementStrategy {
    spread("instanceId")
}

/// Spread tasks evenly across Availability Zones.
pub fn spread_across_zones() -> PlacementStrategy {
    spread("attribute:ecs.availability-zone")
}

/// Spread tasks by the value of `field` (`instanceId`, `host`, or an attribute).
pub fn spread(field: impl Into<Field<String>>) -> PlacementStrategy {
    PlacementStrategy::new()
        .with_type(PlacementStrategyType::Spread)
        .with_field(field)
}

/// Pack tasks onto the fewest instances by CPU.
pub fn packed_by_cpu() -> PlacementStrategy {
    PlacementStrategy::new()
        .with_type(PlacementStrategyType::Binpack)
        .with_field("cpu")
}

/// Pack tasks onto the fewest instances by memory.
pub fn packed_by_memory() -> PlacementStrategy {
    PlacementStrategy::new()
        .with_type(PlacementStrategyType::Binpack)
        .with_field("memory")
}

/// Place tasks randomly.
pub fn randomly() -> PlacementStrategy {
    PlacementStrategy::new().with_type(PlacementStrategyType::Random)
}

/// Place each task on a different instance.
pub fn distinct_instances() -> PlacementConstraint {
    PlacementConstraint::new().with_type(PlacementConstraintType::DistinctInstance)
}

/// Place tasks on instances that satisfy a cluster query expression.
pub fn member_of(expression: impl Into<Field<String>>) -> PlacementConstraint {
    PlacementConstraint::new()
        .with_type(PlacementConstraintType::MemberOf)
        .with_expression(expression)
}

/// A capacity provider with its weight and base.
pub fn capacity_provider(
    name: impl Into<Field<String>>,
    weight: i64,
    base: i64,
) -> CapacityProviderStrategyItem {
    CapacityProviderStrategyItem::new(name)
        .with_weight(weight)
        .with_base(base)
}

/// An `awsvpc` network configuration (required by Fargate).
pub fn awsvpc<S, G>(subnets: S, security_groups: G, assign_public_ip: bool) -> NetworkConfiguration
where
    S: IntoIterator,
    S::Item: Into<String>,
    G: IntoIterator,
    G::Item: Into<String>,
{
    let subnets: Vec<String> = subnets.into_iter().map(Into::into).collect();
    let groups: Vec<String> = security_groups.into_iter().map(Into::into).collect();
    let mut config = AwsVpcConfiguration::new(subnets).with_assign_public_ip(if assign_public_ip {
        AssignPublicIp::Enabled
    } else {
        AssignPublicIp::Disabled
    });
    if !groups.is_empty() {
        config = config.with_security_groups(groups);
    }
    NetworkConfiguration::default().with_awsvpc_configuration(config)
}

/// Starts a container override for the container called `name`; add
/// environment variables with [`ContainerOverrideExt::env`].
pub fn container_override(name: impl Into<Field<String>>) -> ContainerOverride {
    ContainerOverride::new().with_name(name)
}

/// Environment variables on a [`ContainerOverride`].
pub trait ContainerOverrideExt {
    /// Adds the variable `name` with a literal or dynamic value.
    #[must_use]
    fn env(self, name: impl Into<Field<String>>, value: impl Into<Field<String>>) -> Self;
}

impl ContainerOverrideExt for ContainerOverride {
    fn env(mut self, name: impl Into<Field<String>>, value: impl Into<Field<String>>) -> Self {
        let pair = KeyValuePair::new().with_name(name).with_value(value);
        match &mut self.environment {
            Some(Field::Value(list)) => list.push(pair),
            // A list from a path cannot take more members; the new one replaces it.
            _ => self.environment = Some(Field::Value(vec![pair])),
        }
        self
    }
}

/// Runs on EC2 instances of the cluster (`LaunchType: EC2`, or the capacity
/// providers when given).
#[doc(alias = "EcsEc2LaunchTarget")]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ec2LaunchTarget {
    strategies: Vec<PlacementStrategy>,
    constraints: Vec<PlacementConstraint>,
    capacity: Vec<CapacityProviderStrategyItem>,
}

impl Ec2LaunchTarget {
    /// No placement rules.
    pub fn new() -> Self {
        Self::default()
    }

    /// `PlacementStrategy`, in order of priority.
    pub fn placement_strategies(
        mut self,
        strategies: impl IntoIterator<Item = PlacementStrategy>,
    ) -> Self {
        self.strategies.extend(strategies);
        self
    }

    /// `PlacementConstraints`.
    pub fn placement_constraints(
        mut self,
        constraints: impl IntoIterator<Item = PlacementConstraint>,
    ) -> Self {
        self.constraints.extend(constraints);
        self
    }

    /// `CapacityProviderStrategy`; ECS then takes no `LaunchType`.
    pub fn capacity_provider_strategy(
        mut self,
        items: impl IntoIterator<Item = CapacityProviderStrategyItem>,
    ) -> Self {
        self.capacity.extend(items);
        self
    }
}

/// Runs on Fargate (`LaunchType: FARGATE`, or the capacity providers when
/// given); needs an `awsvpc` network configuration.
#[doc(alias = "EcsFargateLaunchTarget")]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FargateLaunchTarget {
    platform_version: Option<String>,
    network: Option<NetworkConfiguration>,
    capacity: Vec<CapacityProviderStrategyItem>,
}

impl FargateLaunchTarget {
    /// The latest platform version, no network configuration yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// `PlatformVersion` (`LATEST`, `1.4.0`).
    pub fn platform_version(mut self, version: impl Into<String>) -> Self {
        self.platform_version = Some(version.into());
        self
    }

    /// `NetworkConfiguration` (see [`awsvpc`]).
    pub fn network(mut self, network: NetworkConfiguration) -> Self {
        self.network = Some(network);
        self
    }

    /// `CapacityProviderStrategy` (`FARGATE`, `FARGATE_SPOT`); ECS then
    /// takes no `LaunchType`.
    pub fn capacity_provider_strategy(
        mut self,
        items: impl IntoIterator<Item = CapacityProviderStrategyItem>,
    ) -> Self {
        self.capacity.extend(items);
        self
    }
}

/// Either launch target, for [`RunTask::launch_target`].
#[derive(Debug, Clone, PartialEq)]
pub enum LaunchTarget {
    /// EC2 instances.
    Ec2(Ec2LaunchTarget),
    /// Fargate.
    Fargate(FargateLaunchTarget),
}

impl From<Ec2LaunchTarget> for LaunchTarget {
    fn from(target: Ec2LaunchTarget) -> Self {
        LaunchTarget::Ec2(target)
    }
}

impl From<FargateLaunchTarget> for LaunchTarget {
    fn from(target: FargateLaunchTarget) -> Self {
        LaunchTarget::Fargate(target)
    }
}

impl RunTask {
    /// Sets the launch type (or capacity provider strategy) and the
    /// placement, platform and network settings of `target`.
    pub fn launch_target(mut self, target: impl Into<LaunchTarget>) -> Self {
        let (launch_type, capacity) = match target.into() {
            LaunchTarget::Ec2(t) => {
                if !t.strategies.is_empty() {
                    self = self.with_placement_strategy(t.strategies);
                }
                if !t.constraints.is_empty() {
                    self = self.with_placement_constraints(t.constraints);
                }
                (LaunchType::Ec2, t.capacity)
            }
            LaunchTarget::Fargate(t) => {
                if let Some(version) = t.platform_version {
                    self = self.with_platform_version(version);
                }
                if let Some(network) = t.network {
                    self = self.with_network_configuration(network);
                }
                (LaunchType::Fargate, t.capacity)
            }
        };
        // ECS rejects a request with both a launch type and capacity providers.
        if capacity.is_empty() {
            self.with_launch_type(launch_type)
        } else {
            self.launch_type = None;
            self.with_capacity_provider_strategy(capacity)
        }
    }

    /// `Overrides.ContainerOverrides`, keeping the other overrides.
    pub fn container_overrides(
        mut self,
        overrides: impl IntoIterator<Item = ContainerOverride>,
    ) -> Self {
        let overrides: Vec<ContainerOverride> = overrides.into_iter().collect();
        let task = match self.overrides.take() {
            Some(Field::Value(task)) => task,
            _ => TaskOverride::default(),
        };
        self.with_overrides(task.with_container_overrides(overrides))
    }
}
