//! What a `${…}` placeholder stands for: a whole ARN, a queue URL, or a
//! name. A CloudFormation reference is read by its resource type's `Ref` or
//! `Fn::GetAtt` return value (a topic's `Ref` is its ARN, a queue's is its
//! URL, a function's is its name); a bare `${Name}` without a template
//! around it by its spelling (`…Arn`, `…Url`).

use std::collections::BTreeMap;

/// What a placeholder's value is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stands {
    /// A whole ARN; the text to use for it (`${Topic}`, `${Queue.Arn}`).
    Arn(String),
    /// An SQS queue URL; the queue's ARN as a placeholder, when known
    /// (`${Queue}` → `${Queue.Arn}`).
    QueueUrl(Option<String>),
    /// A name or id, inserted into the template as it is.
    Name,
    /// A literal the placeholder is replaced with (a SAM substitution of a
    /// plain string): read as if it were written in its place.
    Literal(String),
}

/// Tells what placeholders stand for.
pub trait References {
    /// What `${name}` stands for.
    fn stands_for(&self, name: &str) -> Stands;
}

/// Placeholders without a template: read by their spelling.
#[derive(Debug, Clone, Copy, Default)]
pub struct ByName;

impl References for ByName {
    fn stands_for(&self, name: &str) -> Stands {
        by_name(name)
    }
}

/// The spelling rule: `${X.Arn}` (a `Fn::GetAtt` written as `Fn::Sub`
/// text) and names ending in `Arn`/`ARN` (or `_arn`, as Terraform's
/// `templatefile` variables are spelt) are ARNs; names ending in
/// `Url`/`URL`/`_url` are queue URLs; anything else is a name.
pub fn by_name(name: &str) -> Stands {
    let last = name.rsplit('.').next().unwrap_or(name);
    if name.starts_with("AWS::") {
        Stands::Name
    } else if last.ends_with("Arn") || last.ends_with("ARN") || last.ends_with("_arn") {
        Stands::Arn(format!("${{{name}}}"))
    } else if last.ends_with("Url") || last.ends_with("URL") || last.ends_with("_url") {
        Stands::QueueUrl(None)
    } else {
        Stands::Name
    }
}

/// What one attribute returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Returns {
    Arn,
    QueueUrl,
    Name,
}

/// One row: resource type, `Ref` or the `Fn::GetAtt` attribute, what it
/// returns, and where AWS says so.
struct ReturnValue {
    resource_type: &'static str,
    attribute: &'static str,
    returns: Returns,
    #[allow(dead_code)] // Read by people: the evidence for the row.
    source: &'static str,
}

const fn row(
    resource_type: &'static str,
    attribute: &'static str,
    returns: Returns,
    source: &'static str,
) -> ReturnValue {
    ReturnValue {
        resource_type,
        attribute,
        returns,
        source,
    }
}

const CFN: &str = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/";
const SAM: &str = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/";

/// The return values of the resource types state machines reference, from
/// each type's "Return values" section (`source` names the page under
/// the CloudFormation template reference or the SAM guide).
#[rustfmt::skip] // One row a line: the table reads as the data it is.
const RETURN_VALUES: &[ReturnValue] = {
    use Returns::{Arn, Name, QueueUrl};
    &[
        row("AWS::SNS::Topic", "Ref", Arn, "aws-resource-sns-topic.html"),
        row("AWS::SNS::Topic", "TopicArn", Arn, "aws-resource-sns-topic.html"),
        row("AWS::SNS::Topic", "TopicName", Name, "aws-resource-sns-topic.html"),
        row("AWS::SQS::Queue", "Ref", QueueUrl, "aws-resource-sqs-queue.html"),
        row("AWS::SQS::Queue", "QueueUrl", QueueUrl, "aws-resource-sqs-queue.html"),
        row("AWS::SQS::Queue", "Arn", Arn, "aws-resource-sqs-queue.html"),
        row("AWS::SQS::Queue", "QueueName", Name, "aws-resource-sqs-queue.html"),
        row("AWS::Lambda::Function", "Ref", Name, "aws-resource-lambda-function.html"),
        row("AWS::Lambda::Function", "Arn", Arn, "aws-resource-lambda-function.html"),
        row("AWS::Lambda::Alias", "Ref", Arn, "aws-resource-lambda-alias.html"),
        row("AWS::Lambda::Alias", "AliasArn", Arn, "aws-resource-lambda-alias.html"),
        row("AWS::Lambda::Version", "Ref", Arn, "aws-resource-lambda-version.html"),
        row("AWS::Lambda::Version", "FunctionArn", Arn, "aws-resource-lambda-version.html"),
        row("AWS::Serverless::Function", "Ref", Name, "sam-resource-function.html"),
        row("AWS::Serverless::Function", "Arn", Arn, "sam-resource-function.html"),
        row("AWS::StepFunctions::StateMachine", "Ref", Arn, "aws-resource-stepfunctions-statemachine.html"),
        row("AWS::StepFunctions::StateMachine", "Arn", Arn, "aws-resource-stepfunctions-statemachine.html"),
        row("AWS::StepFunctions::StateMachine", "Name", Name, "aws-resource-stepfunctions-statemachine.html"),
        row("AWS::Serverless::StateMachine", "Ref", Arn, "sam-resource-statemachine.html"),
        row("AWS::Serverless::StateMachine", "Arn", Arn, "sam-resource-statemachine.html"),
        row("AWS::Serverless::StateMachine", "Name", Name, "sam-resource-statemachine.html"),
        row("AWS::StepFunctions::Activity", "Ref", Arn, "aws-resource-stepfunctions-activity.html"),
        row("AWS::StepFunctions::Activity", "Arn", Arn, "aws-resource-stepfunctions-activity.html"),
        row("AWS::StepFunctions::Activity", "Name", Name, "aws-resource-stepfunctions-activity.html"),
        row("AWS::DynamoDB::Table", "Ref", Name, "aws-resource-dynamodb-table.html"),
        row("AWS::DynamoDB::Table", "Arn", Arn, "aws-resource-dynamodb-table.html"),
        row("AWS::DynamoDB::Table", "StreamArn", Arn, "aws-resource-dynamodb-table.html"),
        row("AWS::DynamoDB::GlobalTable", "Ref", Name, "aws-resource-dynamodb-globaltable.html"),
        row("AWS::DynamoDB::GlobalTable", "Arn", Arn, "aws-resource-dynamodb-globaltable.html"),
        row("AWS::Serverless::SimpleTable", "Ref", Name, "sam-resource-simpletable.html"),
        row("AWS::ECS::Cluster", "Ref", Name, "aws-resource-ecs-cluster.html"),
        row("AWS::ECS::Cluster", "Arn", Arn, "aws-resource-ecs-cluster.html"),
        row("AWS::ECS::TaskDefinition", "Ref", Arn, "aws-resource-ecs-taskdefinition.html"),
        row("AWS::ECS::TaskDefinition", "TaskDefinitionArn", Arn, "aws-resource-ecs-taskdefinition.html"),
        row("AWS::ECS::Service", "Ref", Arn, "aws-resource-ecs-service.html"),
        row("AWS::ECS::Service", "ServiceArn", Arn, "aws-resource-ecs-service.html"),
        row("AWS::ECS::Service", "Name", Name, "aws-resource-ecs-service.html"),
        row("AWS::Batch::JobQueue", "Ref", Arn, "aws-resource-batch-jobqueue.html"),
        row("AWS::Batch::JobQueue", "JobQueueArn", Arn, "aws-resource-batch-jobqueue.html"),
        row("AWS::Batch::JobDefinition", "Ref", Arn, "aws-resource-batch-jobdefinition.html"),
        row("AWS::Batch::ComputeEnvironment", "Ref", Arn, "aws-resource-batch-computeenvironment.html"),
        row("AWS::Glue::Job", "Ref", Name, "aws-resource-glue-job.html"),
        row("AWS::Glue::Crawler", "Ref", Name, "aws-resource-glue-crawler.html"),
        row("AWS::CodeBuild::Project", "Ref", Name, "aws-resource-codebuild-project.html"),
        row("AWS::CodeBuild::Project", "Arn", Arn, "aws-resource-codebuild-project.html"),
        row("AWS::IAM::Role", "Ref", Name, "aws-resource-iam-role.html"),
        row("AWS::IAM::Role", "Arn", Arn, "aws-resource-iam-role.html"),
        row("AWS::SageMaker::Model", "Ref", Arn, "aws-resource-sagemaker-model.html"),
        row("AWS::SageMaker::Model", "ModelName", Name, "aws-resource-sagemaker-model.html"),
        row("AWS::SageMaker::EndpointConfig", "Ref", Arn, "aws-resource-sagemaker-endpointconfig.html"),
        row("AWS::SageMaker::EndpointConfig", "EndpointConfigName", Name, "aws-resource-sagemaker-endpointconfig.html"),
        row("AWS::SageMaker::Endpoint", "Ref", Arn, "aws-resource-sagemaker-endpoint.html"),
        row("AWS::SageMaker::Endpoint", "EndpointName", Name, "aws-resource-sagemaker-endpoint.html"),
        row("AWS::EMR::Cluster", "Ref", Name, "aws-resource-emr-cluster.html"),
        row("AWS::Events::EventBus", "Ref", Name, "aws-resource-events-eventbus.html"),
        row("AWS::Events::EventBus", "Arn", Arn, "aws-resource-events-eventbus.html"),
        row("AWS::Events::Connection", "Arn", Arn, "aws-resource-events-connection.html"),
        row("AWS::S3::Bucket", "Ref", Name, "aws-resource-s3-bucket.html"),
        row("AWS::S3::Bucket", "Arn", Arn, "aws-resource-s3-bucket.html"),
        row("AWS::KMS::Key", "Ref", Name, "aws-resource-kms-key.html"),
        row("AWS::KMS::Key", "Arn", Arn, "aws-resource-kms-key.html"),
        row("AWS::SecretsManager::Secret", "Ref", Arn, "aws-resource-secretsmanager-secret.html"),
        row("AWS::SSM::Parameter", "Ref", Name, "aws-resource-ssm-parameter.html"),
        row("AWS::Logs::LogGroup", "Ref", Name, "aws-resource-logs-loggroup.html"),
        row("AWS::Logs::LogGroup", "Arn", Arn, "aws-resource-logs-loggroup.html"),
        row("AWS::Athena::WorkGroup", "Ref", Name, "aws-resource-athena-workgroup.html"),
        row("AWS::Kinesis::Stream", "Ref", Name, "aws-resource-kinesis-stream.html"),
        row("AWS::Kinesis::Stream", "Arn", Arn, "aws-resource-kinesis-stream.html"),
    ]
};

/// Where the rows' `source` pages live.
pub const RETURN_VALUE_SOURCES: [&str; 2] = [CFN, SAM];

fn returns(resource_type: &str, attribute: &str) -> Option<Returns> {
    RETURN_VALUES
        .iter()
        .find(|r| r.resource_type == resource_type && r.attribute == attribute)
        .map(|r| r.returns)
}

/// Placeholders inside a CloudFormation or SAM template: references to the
/// template's resources are read by their return values, substitution
/// variables by what they are bound to, the rest by their spelling.
#[derive(Debug, Clone, Default)]
pub struct TemplateReferences {
    /// Logical id → resource type.
    pub resource_types: BTreeMap<String, String>,
    /// Substitution variable → its value as placeholder text (`${Topic}`),
    /// a literal, or `None` when it is some other function.
    pub substitutions: BTreeMap<String, Option<String>>,
}

impl TemplateReferences {
    fn reference(&self, name: &str, depth: usize) -> Stands {
        if let Some(bound) = self.substitutions.get(name) {
            return match bound {
                Some(text) => self.substituted(text, name, depth),
                None => by_name(name),
            };
        }
        self.resource_reference(name)
            .unwrap_or_else(|| by_name(name))
    }

    /// A reference to a resource of the template (`Topic`, `Queue.Arn`),
    /// read by its type's return value; `None` when the template has no such
    /// resource or the table does not know the attribute.
    fn resource_reference(&self, name: &str) -> Option<Stands> {
        let (logical, attribute) = name.split_once('.').unwrap_or((name, "Ref"));
        let kind = self.resource_types.get(logical)?;
        Some(match returns(kind, attribute)? {
            Returns::Arn => Stands::Arn(format!("${{{name}}}")),
            Returns::QueueUrl => {
                let arn = returns(kind, "Arn")
                    .filter(|r| *r == Returns::Arn)
                    .map(|_| format!("${{{logical}.Arn}}"));
                Stands::QueueUrl(arn)
            }
            Returns::Name => Stands::Name,
        })
    }

    /// What a substitution variable bound to `text` stands for. The
    /// variable means nothing outside its state machine, so the result is
    /// written with what it is bound to: a reference (`${Topic}`, which
    /// resolves anywhere in the template) or the literal itself.
    fn substituted(&self, text: &str, variable: &str, depth: usize) -> Stands {
        let Some(inner) = super::value::whole_placeholder(text) else {
            return if super::value::has_placeholder(text) {
                by_name(variable)
            } else {
                Stands::Literal(text.to_owned())
            };
        };
        if self.substitutions.contains_key(inner) && depth < 4 {
            return self.reference(inner, depth + 1);
        }
        match self.resource_reference(inner) {
            Some(Stands::Name) => Stands::Literal(text.to_owned()),
            Some(other) => other,
            // A template parameter or a name the template does not define:
            // the spelling of the variable or of the reference says what it is.
            None => match (by_name(variable), by_name(inner)) {
                (Stands::Arn(_), _) | (_, Stands::Arn(_)) => Stands::Arn(text.to_owned()),
                (Stands::QueueUrl(_), _) | (_, Stands::QueueUrl(_)) => Stands::QueueUrl(None),
                _ => Stands::Literal(text.to_owned()),
            },
        }
    }
}

impl References for TemplateReferences {
    fn stands_for(&self, name: &str) -> Stands {
        self.reference(name, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_rule() {
        assert_eq!(by_name("TopicArn"), Stands::Arn("${TopicArn}".into()));
        assert_eq!(by_name("Fn.Arn"), Stands::Arn("${Fn.Arn}".into()));
        assert_eq!(by_name("QueueUrl"), Stands::QueueUrl(None));
        assert_eq!(by_name("TableName"), Stands::Name);
        assert_eq!(
            by_name("eb_connection_arn"),
            Stands::Arn("${eb_connection_arn}".into())
        );
        assert_eq!(by_name("queue_url"), Stands::QueueUrl(None));
        assert_eq!(by_name("table_name"), Stands::Name);
        assert_eq!(by_name("AWS::Region"), Stands::Name);
    }

    #[test]
    fn references_read_by_return_values() {
        let refs = TemplateReferences {
            resource_types: BTreeMap::from([
                ("Topic".to_owned(), "AWS::SNS::Topic".to_owned()),
                ("Queue".to_owned(), "AWS::SQS::Queue".to_owned()),
                ("Fn".to_owned(), "AWS::Lambda::Function".to_owned()),
            ]),
            substitutions: BTreeMap::from([
                ("TopicArn".to_owned(), Some("${Topic}".to_owned())),
                ("Jobs".to_owned(), Some("${Queue}".to_owned())),
                (
                    "Literal".to_owned(),
                    Some("arn:aws:sns:eu-west-1:1:t".to_owned()),
                ),
                ("Other".to_owned(), None),
                ("FnArn".to_owned(), Some("${Fn}".to_owned())),
                ("TdArn".to_owned(), Some("${TaskDefinition}".to_owned())),
                ("TdName".to_owned(), Some("${TaskDefinition}".to_owned())),
            ]),
        };
        assert_eq!(refs.stands_for("Topic"), Stands::Arn("${Topic}".into()));
        // A function's Ref is its name, whatever the variable is called.
        assert_eq!(refs.stands_for("FnArn"), Stands::Literal("${Fn}".into()));
        // A parameter: the variable's spelling decides, the text is the parameter.
        assert_eq!(
            refs.stands_for("TdArn"),
            Stands::Arn("${TaskDefinition}".into())
        );
        assert_eq!(
            refs.stands_for("TdName"),
            Stands::Literal("${TaskDefinition}".into())
        );
        assert_eq!(refs.stands_for("TopicArn"), Stands::Arn("${Topic}".into()));
        assert_eq!(
            refs.stands_for("Queue"),
            Stands::QueueUrl(Some("${Queue.Arn}".into()))
        );
        assert_eq!(
            refs.stands_for("Jobs"),
            Stands::QueueUrl(Some("${Queue.Arn}".into()))
        );
        assert_eq!(
            refs.stands_for("Queue.Arn"),
            Stands::Arn("${Queue.Arn}".into())
        );
        assert_eq!(refs.stands_for("Fn"), Stands::Name);
        assert_eq!(refs.stands_for("Fn.Arn"), Stands::Arn("${Fn.Arn}".into()));
        assert_eq!(
            refs.stands_for("Literal"),
            Stands::Literal("arn:aws:sns:eu-west-1:1:t".into())
        );
        assert_eq!(refs.stands_for("Other"), Stands::Name);
        assert_eq!(
            refs.stands_for("UnknownArn"),
            Stands::Arn("${UnknownArn}".into())
        );
    }

    #[test]
    fn every_row_names_a_page_and_a_known_shape() {
        assert!(RETURN_VALUES.len() > 40);
        for r in RETURN_VALUES {
            assert!(r.resource_type.starts_with("AWS::"), "{}", r.resource_type);
            assert!(r.source.ends_with(".html"), "{}", r.source);
            let dupes = RETURN_VALUES
                .iter()
                .filter(|o| o.resource_type == r.resource_type && o.attribute == r.attribute)
                .count();
            assert_eq!(dupes, 1, "{} {}", r.resource_type, r.attribute);
        }
    }
}
