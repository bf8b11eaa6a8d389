import { ConfirmByName } from '../../components/ConfirmByName';

export function DeleteDialog(props: { name: string; onCancel: () => void; onConfirm: () => void }) {
  return <ConfirmByName title={`Delete “${props.name}”?`} explain="The profile and its stored secrets are removed." name={props.name} action="Delete" onCancel={props.onCancel} onConfirm={props.onConfirm} />;
}
