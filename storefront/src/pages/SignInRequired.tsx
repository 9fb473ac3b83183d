import { useAuth } from '../auth/auth';

export function SignInRequired({
  heading,
  detail,
  returnTo,
}: {
  heading: string;
  detail: string;
  returnTo: string;
}) {
  const auth = useAuth();
  return (
    <>
      <h1>{heading}</h1>
      <div className="panel empty">
        <h2>Sign in to continue</h2>
        <p>{detail}</p>
        <button
          type="button"
          className="button"
          disabled={auth.status === 'loading'}
          onClick={() => void auth.signIn(returnTo)}
        >
          Sign in
        </button>
      </div>
    </>
  );
}
